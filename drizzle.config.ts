import { defineConfig } from "drizzle-kit";

// drizzle-kit writes SQL migrations into migrations/, which wrangler applies to D1.
export default defineConfig({
  dialect: "sqlite",
  schema: ["./src/bookings/d1/schema.ts", "./src/notify/schema.ts"],
  out: "./migrations",
});
