CREATE TABLE "queue_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"call_id" text NOT NULL,
	"queue_id" uuid,
	"caller" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"outcome" text,
	"overflow_reason" text,
	"lost_stage" text,
	"left_at" timestamp with time zone,
	"agent_id" uuid,
	"offers" integer DEFAULT 0 NOT NULL,
	"wait_sec" integer DEFAULT 0 NOT NULL,
	"ring_sec" integer DEFAULT 0 NOT NULL,
	"talk_sec" integer DEFAULT 0 NOT NULL,
	"wrap_up_sec" integer DEFAULT 0 NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "queue_calls" ADD CONSTRAINT "queue_calls_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_calls" ADD CONSTRAINT "queue_calls_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_calls" ADD CONSTRAINT "queue_calls_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "queue_calls_call_idx" ON "queue_calls" USING btree ("tenant_id","call_id");--> statement-breakpoint
CREATE INDEX "queue_calls_tenant_time_idx" ON "queue_calls" USING btree ("tenant_id","entered_at");--> statement-breakpoint
CREATE INDEX "queue_calls_queue_time_idx" ON "queue_calls" USING btree ("tenant_id","queue_id","entered_at");--> statement-breakpoint
CREATE INDEX "queue_calls_agent_time_idx" ON "queue_calls" USING btree ("tenant_id","agent_id","entered_at");--> statement-breakpoint
CREATE INDEX "queue_calls_open_idx" ON "queue_calls" USING btree ("entered_at") WHERE "queue_calls"."outcome" is null or ("queue_calls"."outcome" = 'answered' and "queue_calls"."ended_at" is null);