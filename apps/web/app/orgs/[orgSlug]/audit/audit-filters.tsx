import { Button, Input, Select } from "@/components/ui";

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilters(props: {
  members: { id: string; name: string }[];
  actions: string[];
  values: { actorId: string; action: string; from: string; to: string };
  exportHref?: string;
}) {
  const { values } = props;
  return (
    <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_10rem_10rem_auto_auto] lg:items-end">
      <div>
        <label htmlFor="f-actor" className="block text-sm font-medium text-slate-700">Actor</label>
        <Select id="f-actor" name="actorId" defaultValue={values.actorId}>
          <option value="">Anyone</option>
          {props.members.map((m) => (
            <option key={m.id} value={m.id}>{m.name}</option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="f-action" className="block text-sm font-medium text-slate-700">Action</label>
        <Select id="f-action" name="action" defaultValue={values.action}>
          <option value="">Any action</option>
          {props.actions.map((a) => (
            <option key={a} value={a}>{a}</option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="f-from" className="block text-sm font-medium text-slate-700">From</label>
        <Input id="f-from" name="from" type="date" defaultValue={values.from} />
      </div>
      <div>
        <label htmlFor="f-to" className="block text-sm font-medium text-slate-700">To</label>
        <Input id="f-to" name="to" type="date" defaultValue={values.to} />
      </div>
      <Button type="submit">Filter</Button>
      {props.exportHref ? (
        <a href={props.exportHref} className="inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50" download>
          Export CSV
        </a>
      ) : null}
    </form>
  );
}
