/** An event as the domain decides it, before the event store gives it a place in the log. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}
