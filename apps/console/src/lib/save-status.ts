// Secrets follow their destination: a change that moves a proxy or a target drops the stored
// secrets it did not give again, and the runtime names them (`proxy.password`,
// `headers.x-api-key`, `targets.10.0.0.7:443.headers.x-api-key`). This says so to the operator.

function readableSecret(name: string): string {
  if (name === 'proxy.password') return 'the proxy password';
  const header = /^(?:targets\.(.+:\d+)\.)?headers\.(.+)$/.exec(name);
  if (!header) return name;
  return header[1] ? `header ${header[2]} of target ${header[1]}` : `header ${header[2]}`;
}

/** One sentence naming the dropped secrets, or null when none was dropped. */
export function droppedSecretsMessage(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  const list = names.map(readableSecret).join(', ');
  return `Saved, but the stored value of ${list} was dropped: its destination moved and the change did not give it again. Enter it again to keep sending it.`;
}

/** What a form says after a save: "Saved.", or which stored secrets the save dropped (a warning). */
export function saveStatus(droppedSecrets: readonly string[] | undefined): { text: string; warning: boolean } {
  const dropped = droppedSecretsMessage(droppedSecrets ?? []);
  return dropped ? { text: dropped, warning: true } : { text: 'Saved.', warning: false };
}
