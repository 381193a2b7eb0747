CREATE TABLE "import_run" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_run_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"file_name" text NOT NULL,
	"file_checksum" text NOT NULL,
	"format" text NOT NULL,
	"status" text DEFAULT 'completed' NOT NULL,
	"row_count" integer NOT NULL,
	"created_count" integer NOT NULL,
	"present_count" integer NOT NULL,
	"linked_account_count" integer NOT NULL,
	"started_by" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"rolled_back_at" timestamp with time zone,
	"rolled_back_by" text,
	"removed_count" integer
);
--> statement-breakpoint
CREATE TABLE "import_run_user" (
	"run_id" integer NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "import_run_user_run_id_user_id_pk" PRIMARY KEY("run_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "password_change_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "import_run_user" ADD CONSTRAINT "import_run_user_run_id_import_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_run_user" ADD CONSTRAINT "import_run_user_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_run_checksum_idx" ON "import_run" USING btree ("file_checksum");--> statement-breakpoint
CREATE INDEX "import_run_user_user_idx" ON "import_run_user" USING btree ("user_id");