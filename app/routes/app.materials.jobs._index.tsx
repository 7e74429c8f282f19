import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, Button, Card, DataTable, FormLayout, Layout, Page, Text } from "@shopify/polaris";
import { readMaterialsForm, refused, requireMaterialsAdmin, materialsRights } from "../http/materials-admin.server";
import { todayDay } from "../domain/materials/days";
import { createJob } from "../services/materials/jobs.server";
import { listJobs } from "../models/materials-jobs.server";
import { newJobForm } from "../domain/materials/forms";
import { formatDate } from "../i18n";
import { useI18n } from "../i18n/react";
import { RoleCannot } from "../components/RoleCannot";
import { money } from "../ui/format";
import { Input } from "../components/FormFields";

export const permission = {
  loader: ["materials.view", "cost.see"],
  action: ["materials.view", "cost.see", "materials.post"],
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, can } = await requireMaterialsAdmin(request, permission.loader);
  const jobs = await listJobs(shop.id);
  return {
    jobs: jobs.map((j) => ({
      id: j.id,
      number: j.number,
      title: j.title,
      status: j.status,
      openedAt: j.openedAt,
      costMinor: j.costMinor,
    })),
    currency: shop.currency,
    timeZone: shop.ianaTimezone,
    today: todayDay(),
    rights: materialsRights(can),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale, redirect } = await requireMaterialsAdmin(request, permission.action);
  const form = await readMaterialsForm(request, newJobForm, locale, "open");
  if (!form.ok) return form.answer;
  const result = await createJob(shop.id, form.input, actor);
  if (!result.ok) return refused(locale, "open", result);
  return redirect(`/app/materials/jobs/${result.jobId}`);
}

export default function JobsPage() {
  const { jobs, currency, timeZone, today, rights } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const errors = result && !result.ok ? result.errors : {};
  return (
    <Page title={t("materials.jobs.title")} backAction={{ content: t("materials.back"), url: "/app/materials" }}>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {jobs.length === 0 ? (
              <div style={{ padding: 16 }}>
                <Text as="p">{t("materials.jobs.empty")}</Text>
              </div>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "numeric"]}
                headings={[
                  t("materials.jobs.col.number"),
                  t("materials.jobs.jobTitle"),
                  t("materials.jobs.col.status"),
                  t("materials.jobs.col.opened"),
                  t("materials.jobs.totalCost"),
                ]}
                rows={jobs.map((j) => [
                  <Link key="l" to={`/app/materials/jobs/${j.id}`} data-testid="job-link">
                    {j.number}
                  </Link>,
                  j.title,
                  <Badge key="b" tone={j.status === "open" ? "attention" : "success"}>
                    {t(j.status === "open" ? "materials.jobs.status.open" : "materials.jobs.status.finished")}
                  </Badge>,
                  formatDate(j.openedAt, locale, timeZone),
                  j.costMinor != null ? money(j.costMinor, currency, locale) : "",
                ])}
              />
            )}
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            {!rights.post ? (
              <RoleCannot reason="permissions.hidden.materials.post" />
            ) : (
              <Form method="post">
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    {t("materials.jobs.new")}
                  </Text>
                  {result && !result.ok && errors._form ? <Banner tone="critical">{errors._form}</Banner> : null}
                  <Input name="title" label={t("materials.jobs.jobTitle")} error={errors.title} />
                  <Input name="number" label={t("materials.jobs.number")} error={errors.number} />
                  <Input name="day" label={t("materials.field.day")} error={errors.day} defaultValue={today} />
                  <Button submit variant="primary" loading={busy}>
                    {t("materials.jobs.open")}
                  </Button>
                </FormLayout>
              </Form>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
