DROP INDEX "customers_tags_idx";--> statement-breakpoint
DROP INDEX "customers_custom_fields_idx";--> statement-breakpoint
CREATE INDEX "customers_tags_idx" ON "customers" USING gin ("tags") WHERE "customers"."tags" <> '{}'::text[];--> statement-breakpoint
CREATE INDEX "customers_custom_fields_idx" ON "customers" USING gin ("custom_fields") WHERE "customers"."custom_fields" <> '{}'::jsonb;