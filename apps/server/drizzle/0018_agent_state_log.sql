CREATE TABLE "agent_state_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"reason" text,
	"call_id" text,
	"queue_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"duration_sec" integer,
	"version" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_state_log" ADD CONSTRAINT "agent_state_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_state_log" ADD CONSTRAINT "agent_state_log_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_state_log" ADD CONSTRAINT "agent_state_log_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_state_log_tenant_time_idx" ON "agent_state_log" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE INDEX "agent_state_log_agent_time_idx" ON "agent_state_log" USING btree ("tenant_id","agent_id","at");--> statement-breakpoint
CREATE INDEX "agent_state_log_open_idx" ON "agent_state_log" USING btree ("tenant_id","agent_id") WHERE "agent_state_log"."ended_at" is null;