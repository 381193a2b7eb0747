import { NotFoundMessage } from "@/components/not-found-message";

// Inside the learner layout, which already renders the site header.
export default function LearnNotFound() {
  return <NotFoundMessage hint="The lesson may have been renamed or moved." />;
}
