CREATE TABLE "queue_members" (
	"tenant_id" uuid NOT NULL,
	"queue_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"level" integer DEFAULT 1 NOT NULL,
	"order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "queue_members_unique" UNIQUE("queue_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "queues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"strategy" text NOT NULL,
	"ring_timeout_sec" integer NOT NULL,
	"max_wait_sec" integer NOT NULL,
	"max_length" integer NOT NULL,
	"join_empty" boolean NOT NULL,
	"leave_when_empty" boolean NOT NULL,
	"overflow" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"auto_busy_after" integer NOT NULL,
	"wrap_up_sec" integer NOT NULL,
	"service_level_sec" integer NOT NULL,
	"sticky" jsonb NOT NULL,
	"announcements" jsonb NOT NULL,
	"moh_class_id" uuid,
	"agent_no_announcement" text DEFAULT 'off' NOT NULL,
	"agent_no_pattern" text DEFAULT '8??' NOT NULL,
	"red_list_priority" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "queues_name_unique" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
ALTER TABLE "queue_members" ADD CONSTRAINT "queue_members_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_members" ADD CONSTRAINT "queue_members_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_members" ADD CONSTRAINT "queue_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queues" ADD CONSTRAINT "queues_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queues" ADD CONSTRAINT "queues_moh_class_id_moh_classes_id_fk" FOREIGN KEY ("moh_class_id") REFERENCES "public"."moh_classes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "queue_members_user_idx" ON "queue_members" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "queues_tenant_idx" ON "queues" USING btree ("tenant_id");