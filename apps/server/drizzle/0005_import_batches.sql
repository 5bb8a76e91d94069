CREATE TABLE "customer_import_batches" (
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"batch" text NOT NULL,
	CONSTRAINT "customer_import_batches_customer_id_batch_pk" PRIMARY KEY("customer_id","batch")
);
--> statement-breakpoint
ALTER TABLE "import_errors" ADD COLUMN "cells" text[];--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "header" text[];--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "ignored_columns" text[];--> statement-breakpoint
ALTER TABLE "customer_import_batches" ADD CONSTRAINT "customer_import_batches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_import_batches" ADD CONSTRAINT "customer_import_batches_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_import_batches_batch_idx" ON "customer_import_batches" USING btree ("tenant_id","batch");--> statement-breakpoint
-- A team leader belongs to the team they lead (the user list and profile showed "-" for leaders set only as leader).
UPDATE "users" SET "team_id" = t."id" FROM "teams" t WHERE t."leader_id" = "users"."id" AND "users"."team_id" IS NULL;
