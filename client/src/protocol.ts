// The one definition of the custom messages is the server's; the client re-exports it (no copy to drift).
export * from "../../server/src/protocol";
