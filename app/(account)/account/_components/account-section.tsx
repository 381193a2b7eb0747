/**
 * The frame every section of /account shares: a heading that the page's contents list links
 * to, a sentence saying what the section is for, and the section's own forms.
 */
export function AccountSection({
  id,
  title,
  description,
  danger = false,
  children,
}: {
  id: string;
  title: string;
  description?: React.ReactNode;
  danger?: boolean;
  children: React.ReactNode;
}) {
  return (
    <section
      id={id}
      aria-labelledby={`${id}-title`}
      className={`scroll-mt-20 space-y-4 rounded-xl border p-4 sm:p-6 ${danger ? "border-destructive/40" : ""}`}
    >
      <header className="space-y-1">
        <h2 id={`${id}-title`} className={`font-semibold text-lg ${danger ? "text-destructive" : ""}`}>
          {title}
        </h2>
        {description ? <div className="text-muted-foreground text-sm">{description}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** An action's answer, announced politely; errors in the destructive colour. */
export function ActionMessage({ state, testId }: { state: { ok: boolean; message?: string } | null; testId: string }) {
  return (
    <p
      aria-live="polite"
      data-testid={testId}
      className={`text-sm ${state?.ok === false ? "text-destructive" : "text-muted-foreground"}`}
    >
      {state?.message}
    </p>
  );
}
