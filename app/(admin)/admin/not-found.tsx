import { NotFoundMessage } from "@/components/not-found-message";

// Inside the staff layout, which already renders the site header.
export default function AdminNotFound() {
  return <NotFoundMessage backHref="/admin" backLabel="Back to administration" />;
}
