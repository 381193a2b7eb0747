import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";

/** One layout for every "click this link" email: a heading, a sentence, a button, the raw link. */
export function ActionEmail({
  preview,
  heading,
  intro,
  action,
  url,
  footer,
}: {
  preview: string;
  heading: string;
  intro: string;
  action: string;
  url: string;
  footer: string;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f6f7fb", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" }}>
        <Container
          style={{ backgroundColor: "#ffffff", borderRadius: 8, margin: "32px auto", padding: 32, maxWidth: 520 }}
        >
          <Heading as="h1" style={{ fontSize: 22, margin: "0 0 16px" }}>
            {heading}
          </Heading>
          <Text style={{ fontSize: 15, lineHeight: "24px", color: "#333" }}>{intro}</Text>
          <Section style={{ margin: "24px 0" }}>
            <Button
              href={url}
              style={{
                backgroundColor: "#3b4fd8",
                color: "#fff",
                borderRadius: 6,
                padding: "12px 20px",
                fontWeight: 600,
              }}
            >
              {action}
            </Button>
          </Section>
          <Text style={{ fontSize: 13, color: "#555" }}>Or paste this link into your browser:</Text>
          <Text style={{ fontSize: 13, wordBreak: "break-all", color: "#3b4fd8" }}>{url}</Text>
          <Hr />
          <Text style={{ fontSize: 12, color: "#888" }}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
