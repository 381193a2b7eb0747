ALTER TABLE "oauth_client" DROP CONSTRAINT "oauth_client_user_id_user_id_fk";
--> statement-breakpoint
ALTER TABLE "oauth_client" ADD CONSTRAINT "oauth_client_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;