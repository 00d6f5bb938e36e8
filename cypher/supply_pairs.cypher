// Purpose: Supply-collaboration pairs: district A targets a category that is an input of
//   (SUPPLIES) a category district B targets, so A's parks could supply B's.
// Parameters: none
// Returns: supplier, supplier_category, buyer, buyer_category
// Runs on: Neo4j, FalkorDB
MATCH (a:District)-[:TARGETS]->(:Direction)-[:BELONGS_TO]->(up:Category)-[:SUPPLIES]->(down:Category)
MATCH (down)<-[:BELONGS_TO]-(:Direction)<-[:TARGETS]-(b:District)
WHERE a <> b
RETURN DISTINCT a.name AS supplier, up.name AS supplier_category, b.name AS buyer, down.name AS buyer_category
ORDER BY supplier, supplier_category, buyer, buyer_category
