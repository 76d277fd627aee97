import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * A labelled select. The label points at the select by id instead of wrapping it, so the
 * accessible name is the label alone (a wrapping label would also read out the chosen option).
 */
export function SelectField(props: {
  label: string;
  name?: string;
  value?: string;
  onChange?: (value: string) => void;
  children: ComponentChildren;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        onChange={props.onChange && ((e) => props.onChange?.(e.currentTarget.value))}
      >
        {props.children}
      </select>
    </div>
  );
}
