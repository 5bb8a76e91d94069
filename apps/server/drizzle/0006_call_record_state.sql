ALTER TABLE "call_records" ALTER COLUMN "ended_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "call_records" ALTER COLUMN "duration_sec" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "call_records" ALTER COLUMN "billed_sec" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "call_records" ALTER COLUMN "hangup_cause" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "call_records" ALTER COLUMN "hangup_side" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "call_records" ADD COLUMN "state" text DEFAULT 'ended' NOT NULL;--> statement-breakpoint
ALTER TABLE "call_records" ADD COLUMN "segments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "call_records_tenant_call_uq" ON "call_records" USING btree ("tenant_id","call_id");--> statement-breakpoint
CREATE INDEX "call_records_open_idx" ON "call_records" USING btree ("started_at") WHERE "call_records"."state" = 'open';