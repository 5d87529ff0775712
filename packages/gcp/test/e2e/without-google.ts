// The Prefect half of a GCP stack: what remains when everything only Google can apply is cut out.

/** The stack JSON without the google provider, its data sources and its resources (and, with `dropWebhooks`, the Cloud-only webhooks). */
export function withoutGoogle(stackJson: string, dropWebhooks = false): string {
  const json = JSON.parse(stackJson);
  delete json.provider.google;
  delete json.terraform.required_providers.google;
  for (const type of Object.keys(json.data ?? {})) if (type.startsWith('google_')) delete json.data[type];
  if (json.data && Object.keys(json.data).length === 0) delete json.data;
  for (const type of Object.keys(json.resource)) if (type.startsWith('google_') || (dropWebhooks && type === 'prefect_webhook')) delete json.resource[type];
  return JSON.stringify(json, null, 2);
}
