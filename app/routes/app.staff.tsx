// /app/staff: everyone who opened Loupe in the Shopify admin, with their role, language and the day
// they first came; the owner (and, within limits, managers) change roles here. Others get 403.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../http/admin-context.server";
import { staffAction, staffPage } from "../http/staff-admin.server";
import { formatDate, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { Choice } from "../components/FormFields";
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
  const { me, people, timeZone } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const busy = useNavigation().state === "submitting";
  const roleName = (role: string) => (ADMIN_ROLES.includes(role as never) ? t(roleKey(role)) : role);
  const changed = answer?.ok ? people.find((p) => p.id === answer.staffId) : undefined;

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
        {answer && changed && answer.ok ? (
          <Layout.Section>
            <Banner tone="success">
              <p data-testid="staff-ok">
                {t(answer.changed ? "staff.saved" : "staff.unchanged", {
                  name: changed.name,
                  role: roleName(answer.role),
                })}
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
      </Layout>
    </Page>
  );
}
