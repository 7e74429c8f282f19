// /app/permissions: the shop's permission matrix as a grid of checkboxes, one column per role. The
// owner's column and the right to change this table are fixed; every other cell is the owner's to
// set, and each change is audited (app/services/staff/permissions.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, Layout, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../http/admin-context.server";
import { permissionsAction, permissionsPage } from "../http/permissions-admin.server";
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";

export const permission = { loader: "permissions.edit", action: "permissions.edit" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  return permissionsPage(await requireAdmin(request, permission.loader));
}

export async function action({ request }: ActionFunctionArgs) {
  return permissionsAction(await requireAdmin(request, permission.action), request);
}

export default function PermissionsPage() {
  const { roles, rows } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useI18n();
  const busy = useNavigation().state === "submitting";
  return (
    <Page title={t("permissions.title")}>
      <Layout>
        {answer ? (
          <Layout.Section>
            <Banner tone={answer.ok ? "success" : "critical"}>
              <p data-testid="permissions-answer">
                {answer.ok
                  ? answer.changed
                    ? t("permissions.saved", { count: answer.changed })
                    : t("permissions.unchanged")
                  : Object.values(answer.errors).join(" ")}
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="matrix" />
              <BlockStack gap="300">
                <Text as="p" tone="subdued">
                  {t("permissions.intro")}
                </Text>
                <DataTable
                  columnContentTypes={["text", ...roles.map(() => "text" as const)]}
                  headings={[
                    t("permissions.column.permission"),
                    ...roles.map((r) => t(`staff.role.${r}` as MessageKey)),
                  ]}
                  rows={rows.map((row) => [
                    t(`permissions.name.${row.permission}` as MessageKey),
                    ...row.cells.map((cell) =>
                      cell.fixed ? (
                        <Text key={cell.role} as="span" tone="subdued">
                          {cell.allowed ? t("permissions.fixed") : "—"}
                        </Text>
                      ) : (
                        <input
                          key={cell.role}
                          type="checkbox"
                          name={`${cell.role}:${row.permission}`}
                          defaultChecked={cell.allowed}
                          aria-label={`${t(`staff.role.${cell.role}` as MessageKey)} — ${t(`permissions.name.${row.permission}` as MessageKey)}`}
                        />
                      ),
                    ),
                  ])}
                />
                <Button submit variant="primary" disabled={busy}>
                  {t("permissions.save")}
                </Button>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
