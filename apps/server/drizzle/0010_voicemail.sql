CREATE TABLE "voicemail_boxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"box" text NOT NULL,
	"description" text,
	"members" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"greeting_path" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "voicemail_boxes_box_unique" UNIQUE("tenant_id","box")
);
--> statement-breakpoint
CREATE TABLE "voicemail_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"box" text NOT NULL,
	"caller" text NOT NULL,
	"caller_name" text,
	"call_id" text NOT NULL,
	"file_path" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "voicemail_boxes" ADD CONSTRAINT "voicemail_boxes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voicemail_messages" ADD CONSTRAINT "voicemail_messages_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "voicemail_messages_box_idx" ON "voicemail_messages" USING btree ("tenant_id","box","created_at");--> statement-breakpoint
CREATE INDEX "voicemail_messages_tenant_time_idx" ON "voicemail_messages" USING btree ("tenant_id","created_at");