-- The existing offers named in the documentation of workshop 1 ("Der Weg zur Koordinationsstelle
-- Gemeinschaftliches Wohnen in Dresden", 28 November 2022, Anlage 1 "Bestehende Angebote"). Every
-- installation starts with them, not only the demo. Topics and target groups follow what the
-- documentation says about each; an organisation is named only where the documentation names it.
-- Contact data stays empty until the office enters it: nothing here is guessed. Languages are left
-- empty, which the app reads as German only.
INSERT INTO offers (name, organisation, description, topics, target_groups) VALUES
  ('Wohnsinn', NULL,
   'Beratung zur Gründung von Wohngemeinschaften, auch inklusiver Wohngemeinschaften.',
   '{shared_flat,inclusive_living}', '{inclusive}'),
  ('Mietshäuser Syndikat', NULL,
   'Ehrenamtliche Begleitung von Hausgruppen.',
   '{group_building,legal_form}', '{}'),
  ('WoGe Dresden eG', NULL,
   'Junge Wohnungsgenossenschaft; ehrenamtliche Begleitung von Hausgruppen.',
   '{group_building,cooperative_founding}', '{}'),
  ('bauforum dresden e.V.', NULL,
   'Begleitung von Hausgemeinschaften.',
   '{group_building,community_life}', '{}'),
  ('AWIG', NULL,
   'Beratung zum Wohnen im Alter.',
   '{living_in_old_age}', '{seniors}'),
  ('Wohnungsbauförderstelle', NULL,
   'Wohnraumförderung.',
   '{housing_subsidy,funding}', '{}'),
  ('Wohnberatungsstelle', 'Landeshauptstadt Dresden',
   'Wohnberatung der Stadt für ältere Menschen und Menschen mit Behinderung.',
   '{living_in_old_age,inclusive_living}', '{seniors,inclusive}'),
  ('Stadtplanungsamt', 'Landeshauptstadt Dresden',
   'Stadtplanung, unter anderem Konzeptverfahren für städtische Grundstücke.',
   '{konzeptverfahren,property_search}', '{}');
--> statement-breakpoint
-- Their creation is the first entry of each offer's history; the system itself acted (no actor).
INSERT INTO audit_log (actor_id, action, entity, entity_id, after)
SELECT NULL, 'offer.create', 'offer', id, jsonb_build_object(
  'id', id, 'name', name, 'organisation', organisation, 'description', description,
  'topics', to_jsonb(topics), 'targetGroups', to_jsonb(target_groups), 'languages', to_jsonb(languages),
  'contact', jsonb_build_object('phone', NULL, 'email', NULL, 'url', NULL, 'address', NULL),
  'active', active)
FROM offers ORDER BY name;
