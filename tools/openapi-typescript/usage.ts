// What a TypeScript client writes against the generated types (make
// apiclient): tsc --noEmit fails if the document stops naming them so.
import type { components, operations, paths } from "../../test-output/apiclient/api";

type NewPolicy = paths["/api/v1/policies"]["post"]["requestBody"]["content"]["application/json"];
type Created = operations["post_policies"]["responses"][201]["content"]["application/json"];
type Comment = components["schemas"]["Comment"];
type Action = paths["/api/v1/policies/{id}/actions/{action}"]["post"]["parameters"]["path"]["action"];

export const draft: NewPolicy = { region: "sawahlunto", slug: "uji", markdown: "# Uji" };
export const open: Action = "open_consultation";
export function policyID(p: Created): number {
  return p.id;
}
export function status(c: Comment): string {
  return c.status;
}
