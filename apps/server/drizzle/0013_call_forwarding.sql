CREATE TABLE "call_forwardings" (
	"extension_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"unconditional_target" text,
	"busy_target" text,
	"no_answer_target" text,
	"no_answer_sec" integer DEFAULT 20 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_forwardings" ADD CONSTRAINT "call_forwardings_extension_id_extensions_id_fk" FOREIGN KEY ("extension_id") REFERENCES "public"."extensions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_forwardings" ADD CONSTRAINT "call_forwardings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;