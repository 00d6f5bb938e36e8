// Purpose: Supply-collaboration pairs: district A targets a category that is an input of
//   (SUPPLIES) a category district B targets, and B does not make that input itself — so A's
//   parks could supply B's. One row per link; as chainkg.queries.collab.supply_pairs (its "via"), with
//   umbrella directions (umbrella = true) covering nothing.
// Parameters: none
// Returns: supplier, supplier_category, buyer, buyer_category
// Runs on: Neo4j, FalkorDB
MATCH (a:District)-[:TARGETS]->(da:Direction)-[:BELONGS_TO]->(up:Category)-[:SUPPLIES]->(down:Category)
MATCH (down)<-[:BELONGS_TO]-(db:Direction)<-[:TARGETS]-(b:District)
WHERE a <> b AND NOT coalesce(da.umbrella, false) AND NOT coalesce(db.umbrella, false)
WITH DISTINCT a, up, b, down
OPTIONAL MATCH (b)-[:TARGETS]->(own:Direction)-[:BELONGS_TO]->(up)
WHERE NOT coalesce(own.umbrella, false)
WITH a, up, b, down, count(own) AS b_makes_it
WHERE b_makes_it = 0
RETURN a.name AS supplier, up.name AS supplier_category, b.name AS buyer, down.name AS buyer_category
ORDER BY supplier, supplier_category, buyer, buyer_category
