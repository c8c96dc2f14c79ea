-- The city's controlling staff (Stadtverwaltung) read aggregated figures only; what they may call is decided per
-- route in the API (config.roles), the database only has to accept the role.
ALTER TYPE "public"."user_role" ADD VALUE IF NOT EXISTS 'city';
