CREATE TABLE "caller_ids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" text NOT NULL,
	"region" text,
	"status" text DEFAULT 'unverified' NOT NULL,
	"verified_by" text,
	"review_comment" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "caller_ids_number_unique" UNIQUE("tenant_id","number")
);
--> statement-breakpoint
CREATE TABLE "number_list_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"list" text NOT NULL,
	"direction" text NOT NULL,
	"number" text NOT NULL,
	"match" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"expires_at" timestamp with time zone,
	"action" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"review_comment" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "number_list_entries_unique" UNIQUE("tenant_id","list","direction","number","match")
);
--> statement-breakpoint
CREATE TABLE "extension_call_classes" (
	"extension_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"classes" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_routes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"priority" integer NOT NULL,
	"did_pattern" text NOT NULL,
	"caller_pattern" text DEFAULT '' NOT NULL,
	"time_group_id" uuid,
	"destination" jsonb NOT NULL,
	"closed_destination" jsonb,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_routes_name_unique" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "outbound_routes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"priority" integer NOT NULL,
	"dial_patterns" jsonb NOT NULL,
	"scope" jsonb NOT NULL,
	"trunk_ids" jsonb NOT NULL,
	"trunk_order" text NOT NULL,
	"caller_id_mode" text NOT NULL,
	"caller_id" text,
	"caller_id_pool" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pool_strategy" text NOT NULL,
	"time_group_id" uuid,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbound_routes_name_unique" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "fraud_limits" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"international_enabled" boolean DEFAULT false NOT NULL,
	"premium_enabled" boolean DEFAULT false NOT NULL,
	"max_concurrent_calls" integer,
	"daily_minutes_cap" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "time_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"timezone" text NOT NULL,
	"weekly" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"workdays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"override" text DEFAULT 'none' NOT NULL,
	"override_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_groups_name_unique" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "trunk_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"order" text NOT NULL,
	"trunk_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trunk_groups_name_unique" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "trunks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"transport" text NOT NULL,
	"username" text DEFAULT '' NOT NULL,
	"auth_username" text DEFAULT '' NOT NULL,
	"password_sealed" text,
	"realm" text DEFAULT '' NOT NULL,
	"register_expires_sec" integer NOT NULL,
	"peers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"codecs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"dtmf_mode" text NOT NULL,
	"caller_id_format" text NOT NULL,
	"country_code" text DEFAULT '86' NOT NULL,
	"assert_identity" boolean DEFAULT false NOT NULL,
	"privacy" text DEFAULT 'none' NOT NULL,
	"max_calls" integer DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trunks_name_unique" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
ALTER TABLE "caller_ids" ADD CONSTRAINT "caller_ids_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caller_ids" ADD CONSTRAINT "caller_ids_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_list_entries" ADD CONSTRAINT "number_list_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_list_entries" ADD CONSTRAINT "number_list_entries_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_list_entries" ADD CONSTRAINT "number_list_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_call_classes" ADD CONSTRAINT "extension_call_classes_extension_id_extensions_id_fk" FOREIGN KEY ("extension_id") REFERENCES "public"."extensions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_call_classes" ADD CONSTRAINT "extension_call_classes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_routes" ADD CONSTRAINT "inbound_routes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_routes" ADD CONSTRAINT "inbound_routes_time_group_id_time_groups_id_fk" FOREIGN KEY ("time_group_id") REFERENCES "public"."time_groups"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_routes" ADD CONSTRAINT "outbound_routes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_routes" ADD CONSTRAINT "outbound_routes_time_group_id_time_groups_id_fk" FOREIGN KEY ("time_group_id") REFERENCES "public"."time_groups"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_limits" ADD CONSTRAINT "fraud_limits_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_groups" ADD CONSTRAINT "time_groups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trunk_groups" ADD CONSTRAINT "trunk_groups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trunks" ADD CONSTRAINT "trunks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "caller_ids_status_idx" ON "caller_ids" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "number_list_entries_tenant_idx" ON "number_list_entries" USING btree ("tenant_id","list","status");--> statement-breakpoint
CREATE INDEX "inbound_routes_tenant_idx" ON "inbound_routes" USING btree ("tenant_id","priority");--> statement-breakpoint
CREATE INDEX "outbound_routes_tenant_idx" ON "outbound_routes" USING btree ("tenant_id","priority");--> statement-breakpoint
CREATE INDEX "time_groups_tenant_idx" ON "time_groups" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "trunk_groups_tenant_idx" ON "trunk_groups" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "trunks_tenant_idx" ON "trunks" USING btree ("tenant_id");