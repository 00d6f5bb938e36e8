// Purpose: Chain categories that no district targets through any of its directions (gaps in the
//   regional chain), by position in the chain.
// Parameters: none
// Returns: key, category, category_en, position, group_key
// Runs on: Neo4j, FalkorDB
MATCH (c:Category)
OPTIONAL MATCH (c)<-[:BELONGS_TO]-(:Direction)<-[:TARGETS]-(d:District)
WITH c, count(d) AS districts
WHERE districts = 0
RETURN c.key AS key, c.name AS category, c.name_en AS category_en, c.position AS position, c.group AS group_key
ORDER BY position, key
