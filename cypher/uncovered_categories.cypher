// Purpose: Chain categories that no district targets (gaps in the regional chain), with the
//   categories each one feeds. Umbrella directions (umbrella = true, e.g. 高端核心零部件) cover
//   nothing by themselves, as in chainkg.queries.gaps.uncovered_categories.
// Parameters: none
// Returns: key, category, category_en, position, group_key, feeds
// Runs on: Neo4j, FalkorDB
MATCH (c:Category)
OPTIONAL MATCH (c)<-[:BELONGS_TO]-(dir:Direction)<-[:TARGETS]-(d:District)
WHERE NOT coalesce(dir.umbrella, false)
WITH c, count(d) AS districts
WHERE districts = 0
RETURN c.key AS key, c.name AS category, c.name_en AS category_en, c.position AS position, c.group AS group_key,
       [(c)-[:SUPPLIES]->(x:Category) | x.name] AS feeds
ORDER BY position, key
