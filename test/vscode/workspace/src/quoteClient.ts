import { Request } from "zeromq";

export async function quote(symbol: string): Promise<string> {
  // Planted defect for the editor tests: no receiveTimeout, so a dead server blocks this call forever.
  const quotes = new Request({ linger: 0 });
  quotes.connect("tcp://127.0.0.1:7310");
  try {
    await quotes.send(symbol);
    const [price] = await quotes.receive();
    return String(price);
  } finally {
    quotes.close();
  }
}
