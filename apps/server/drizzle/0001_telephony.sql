CREATE TABLE "call_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"call_id" text NOT NULL,
	"caller" text NOT NULL,
	"callee" text NOT NULL,
	"direction" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone NOT NULL,
	"duration_sec" integer NOT NULL,
	"billed_sec" integer NOT NULL,
	"hangup_cause" text NOT NULL,
	"hangup_side" text NOT NULL,
	"recording_path" text,
	"legs" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" text NOT NULL,
	"display_name" text,
	"caller_id" text,
	"user_id" uuid,
	"enabled" boolean DEFAULT true NOT NULL,
	"ha1_md5" text NOT NULL,
	"ha1_sha256" text NOT NULL,
	"qualified_ha1_md5" text NOT NULL,
	"qualified_ha1_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "extensions_number_unique" UNIQUE("tenant_id","number")
);
--> statement-breakpoint
ALTER TABLE "call_records" ADD CONSTRAINT "call_records_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extensions" ADD CONSTRAINT "extensions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extensions" ADD CONSTRAINT "extensions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_records_tenant_time_idx" ON "call_records" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE INDEX "call_records_tenant_caller_idx" ON "call_records" USING btree ("tenant_id","caller");--> statement-breakpoint
CREATE INDEX "call_records_tenant_callee_idx" ON "call_records" USING btree ("tenant_id","callee");--> statement-breakpoint
CREATE INDEX "extensions_tenant_idx" ON "extensions" USING btree ("tenant_id");