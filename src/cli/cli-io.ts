// Everything a command touches outside its arguments, so commands stay testable and main.ts
// is the only place that knows about the process.
export interface CliIo {
  out(text: string): void; // stdout, text
  outBytes(bytes: Uint8Array): void; // stdout, binary (convert)
  err(text: string): void; // stderr
  readStdin(): Promise<Buffer>;
  stdinIsTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    outBytes: (bytes) => void process.stdout.write(bytes),
    err: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      }
      return Buffer.concat(chunks);
    },
    stdinIsTty: process.stdin.isTTY === true,
    env: process.env,
  };
}
