import { Reply } from "zeromq";

async function main(): Promise<void> {
  const quotes = new Reply({ linger: 0 });
  await quotes.bind("tcp://127.0.0.1:7310");
  for await (const [symbol] of quotes) {
    await quotes.send(`${String(symbol)} 101.25`);
  }
}

void main();
