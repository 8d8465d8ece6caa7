interface FieldErrorProps {
  id: string;
  message: string | undefined;
}

/** An inline problem next to the control it is about; controls list `id` in aria-describedby. */
export function FieldError({ id, message }: FieldErrorProps) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

/** Joins the ids of the descriptions that currently exist, for aria-describedby. */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  return present.length > 0 ? present.join(' ') : undefined;
}
