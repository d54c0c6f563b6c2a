import { Subscriber } from "zeromq";

async function main(): Promise<void> {
  // Planted defect for the editor tests: a SUB that never subscribes receives nothing.
  const ticks = new Subscriber({ linger: 0, receiveTimeout: 5_000 });
  ticks.connect("tcp://127.0.0.1:7300");
  const [topic, value] = await ticks.receive();
  console.log(String(topic), String(value));
  ticks.close();
}

void main();
