// A small progress bar for long work (seeding, content import): a bar, a count and a label per step.
export function createProgress(total: number, label: string, out: NodeJS.WriteStream = process.stdout) {
  let done = 0;
  const width = 24;
  const tty = out.isTTY;
  function render(step: string) {
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${step}`;
    if (tty) out.write(`\r\x1b[2K${line}`);
    else out.write(`${line}\n`);
  }
  return {
    tick(step: string) {
      done += 1;
      render(step);
    },
    finish(summary: string) {
      if (tty) out.write("\n");
      out.write(`${summary}\n`);
    },
  };
}
