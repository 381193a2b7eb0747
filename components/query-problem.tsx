/** What was wrong with a page's query string; the page shows its defaults below it. */
export function QueryProblem({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <p role="alert" className="text-destructive text-sm">
      {problem}
    </p>
  );
}
