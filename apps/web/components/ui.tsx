import type { ComponentProps, ReactNode } from "react";

const cx = (...parts: (string | false | null | undefined)[]) => parts.filter(Boolean).join(" ");

export function Button({ variant = "primary", className, ...props }: ComponentProps<"button"> & { variant?: "primary" | "secondary" | "danger" | "ghost" }) {
  const styles = {
    primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-slate-400",
    secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
    danger: "bg-red-600 text-white hover:bg-red-700",
    ghost: "text-slate-700 hover:bg-slate-100",
  }[variant];
  return <button className={cx("inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium disabled:cursor-not-allowed", styles, className)} {...props} />;
}

export function Field({ label, name, error, hint, children }: { label: string; name: string; error?: string[]; hint?: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error?.length ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error?.length ? (
        <p id={`${name}-error`} className="text-sm text-red-700">
          {error.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function Input({ className, invalid, ...props }: ComponentProps<"input"> & { invalid?: boolean }) {
  return (
    <input
      aria-invalid={invalid || undefined}
      aria-describedby={invalid && props.name ? `${props.name}-error` : undefined}
      className={cx("block w-full rounded-md border px-3 py-2 text-sm shadow-sm", invalid ? "border-red-500" : "border-slate-300", className)}
      {...props}
    />
  );
}

export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cx("block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm", className)} {...props} />;
}

export function Alert({ tone = "info", children, role }: { tone?: "info" | "error" | "success" | "warning"; children: ReactNode; role?: "alert" | "status" }) {
  const styles = {
    info: "border-sky-200 bg-sky-50 text-sky-900",
    error: "border-red-200 bg-red-50 text-red-900",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900",
    warning: "border-amber-200 bg-amber-50 text-amber-900",
  }[tone];
  return (
    <div role={role ?? (tone === "error" ? "alert" : "status")} className={cx("rounded-md border px-3 py-2 text-sm", styles)}>
      {children}
    </div>
  );
}

export function Card({ title, children, actions }: { title?: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white shadow-sm">
      {title ? (
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
          <h2 className="text-base font-semibold">{title}</h2>
          {actions}
        </header>
      ) : null}
      <div className="p-4">{children}</div>
    </section>
  );
}

export const roleLabel = (role: string) =>
  ({ ADMIN: "Admin", CONSULTANT: "Consultant", COMPLIANCE_OFFICER: "Compliance officer", STAFF: "Staff" })[role] ?? role;
