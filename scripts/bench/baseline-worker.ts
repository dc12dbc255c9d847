// The bench's baseline: a hello-world Hono route, built and served exactly like the real Worker.
import { Hono } from "hono";

export default new Hono().get("/", (c) => c.text("hello"));
