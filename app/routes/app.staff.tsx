// /app/staff: everyone who opened Loupe in the Shopify admin, with their role, language and the day
// they first came; the owner (and, within limits, managers) change roles here. Below, the kiosk-only
// people (a name and a PIN, no Shopify account): added, given a new PIN, deactivated, reactivated.
// Those whose role lacks staff.manage get 403.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../http/admin-context.server";
import { staffAction, staffPage } from "../http/staff-admin.server";
import { formatDate, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { Choice, Input } from "../components/FormFields";
import { PinChangeNote } from "../components/PinChangeNote";
import { ADMIN_ROLES, roleChangeRefusal } from "../domain/staff/roles";

export const permission = { loader: "staff.manage", action: "staff.manage" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  return staffPage(await requireAdmin(request, permission.loader));
}

export async function action({ request }: ActionFunctionArgs) {
  return staffAction(await requireAdmin(request, permission.action), request);
}

const roleKey = (role: string) => `staff.role.${role}` as MessageKey;

export default function StaffPage() {
  const { me, people, kioskOnly, timeZone } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const busy = useNavigation().state === "submitting";
  const roleName = (role: string) => (ADMIN_ROLES.includes(role as never) ? t(roleKey(role)) : role);
  const changed = answer?.ok && answer.intent === "role" ? people.find((p) => p.id === answer.staffId) : undefined;
  const failed = answer && !answer.ok ? answer : null;
  const fieldError = (intent: string, field: string) =>
    failed && failed.intent === intent ? failed.errors[field] : undefined;

  const rows = people.map((p) => {
    // Only the roles this person may be given by me (the server checks the same rules).
    const allowed = ADMIN_ROLES.filter(
      (role) => role === p.role || roleChangeRefusal({ actor: me, target: p, role }) === null,
    );
    return [
      <BlockStack key="name" gap="100">
        <Text as="span">{p.id === me.id ? `${p.name} (${t("staff.you")})` : p.name}</Text>
        {p.email ? (
          <Text as="span" tone="subdued" variant="bodySm">
            {p.email}
          </Text>
        ) : null}
        <PinChangeNote change={p.pinChange} timeZone={timeZone} />
      </BlockStack>,
      <InlineStack key="role" gap="100">
        <Badge>{roleName(p.role)}</Badge>
        {p.accountOwner ? <Badge tone="info">{t("staff.accountOwner")}</Badge> : null}
      </InlineStack>,
      p.locale ?? "—",
      formatDate(p.since, locale, timeZone),
      allowed.length > 1 ? (
        <Form method="post" key="change">
          <input type="hidden" name="staffId" value={p.id} />
          <InlineStack gap="200" blockAlign="end">
            <Choice
              name="role"
              label={t("staff.column.change")}
              options={allowed.map((role) => ({ value: role, label: t(roleKey(role)) }))}
              defaultValue={p.role}
            />
            <Button submit disabled={busy}>
              {t("staff.save")}
            </Button>
          </InlineStack>
        </Form>
      ) : (
        "—"
      ),
    ];
  });

  return (
    <Page title={t("staff.title")}>
      <Layout>
        {answer && answer.ok ? (
          <Layout.Section>
            <Banner tone="success">
              <p data-testid="staff-ok">
                {answer.intent === "role"
                  ? changed
                    ? t(answer.changed ? "staff.saved" : "staff.unchanged", {
                        name: changed.name,
                        role: roleName(answer.role),
                      })
                    : null
                  : answer.message}
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        {answer && !answer.ok ? (
          <Layout.Section>
            <Banner tone="critical">
              <p data-testid="staff-error">{Object.values(answer.errors).join(" ")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p" tone="subdued">
                {t("staff.intro")}
              </Text>
              {people.length === 0 ? (
                <Text as="p">{t("staff.none")}</Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text", "text"]}
                  headings={[
                    t("staff.column.name"),
                    t("staff.column.role"),
                    t("staff.column.language"),
                    t("staff.column.since"),
                    t("staff.column.change"),
                  ]}
                  rows={rows}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("staff.kiosk.title")}
              </Text>
              <Text as="p" tone="subdued">
                {t("staff.kiosk.intro")}
              </Text>
              {kioskOnly.length === 0 ? (
                <Text as="p">{t("staff.kiosk.none")}</Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={[
                    t("staff.column.name"),
                    t("staff.kiosk.column.pin"),
                    t("staff.kiosk.column.status"),
                    t("staff.kiosk.column.actions"),
                  ]}
                  rows={kioskOnly.map((p) => [
                    p.name,
                    <BlockStack key="pin" gap="050">
                      <Badge tone={p.hasPin ? "success" : "attention"}>
                        {t(p.hasPin ? "staff.kiosk.pinSet" : "staff.kiosk.pinMissing")}
                      </Badge>
                      <PinChangeNote change={p.pinChange} timeZone={timeZone} />
                    </BlockStack>,
                    <Badge key="active" tone={p.active ? "success" : undefined}>
                      {t(p.active ? "staff.kiosk.active" : "staff.kiosk.inactive")}
                    </Badge>,
                    <InlineStack key="change" gap="200" blockAlign="end">
                      {p.active && p.maySetPin ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="kioskPin" />
                          <input type="hidden" name="staffId" value={p.id} />
                          <InlineStack gap="200" blockAlign="end">
                            <Input
                              name="pin"
                              label={t("staff.kiosk.newPin")}
                              error={fieldError(`kioskPin:${p.id}`, "pin")}
                              maxLength={8}
                            />
                            <Button submit disabled={busy}>
                              {t("staff.kiosk.setPin")}
                            </Button>
                          </InlineStack>
                        </Form>
                      ) : null}
                      <Form method="post">
                        <input type="hidden" name="intent" value="kioskActive" />
                        <input type="hidden" name="staffId" value={p.id} />
                        <input type="hidden" name="active" value={p.active ? "false" : "true"} />
                        <Button submit disabled={busy} tone={p.active ? "critical" : undefined}>
                          {t(p.active ? "staff.kiosk.deactivate" : "staff.kiosk.reactivate")}
                        </Button>
                      </Form>
                    </InlineStack>,
                  ])}
                />
              )}
              <Form method="post">
                <input type="hidden" name="intent" value="addKiosk" />
                <InlineStack gap="200" blockAlign="end">
                  <Input
                    name="name"
                    label={t("staff.kiosk.name")}
                    error={fieldError("addKiosk", "name")}
                    maxLength={80}
                  />
                  <Input name="pin" label={t("staff.kiosk.pin")} error={fieldError("addKiosk", "pin")} maxLength={8} />
                  <Button submit disabled={busy}>
                    {t("staff.kiosk.add")}
                  </Button>
                </InlineStack>
              </Form>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
