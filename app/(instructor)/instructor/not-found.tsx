import { NotFoundMessage } from "@/components/not-found-message";

// Inside the instructor layout, which already renders the site header.
export default function InstructorNotFound() {
  return <NotFoundMessage backHref="/instructor" backLabel="Back to the lessons" />;
}
