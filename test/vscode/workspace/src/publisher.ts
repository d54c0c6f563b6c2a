import { Publisher } from "zeromq";

async function main(): Promise<void> {
  const ticks = new Publisher({ linger: 0 });
  await ticks.bind("tcp://127.0.0.1:7300");
  for (let i = 0; i < 10; i++) await ticks.send(["tick", String(i)]);
  ticks.close();
}

void main();
