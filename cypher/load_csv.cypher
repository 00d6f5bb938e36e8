// Purpose: Load the CSV tables of `chainkg export --format csv` into Neo4j with LOAD CSV.
//   Generated from graph/schema.py (python -m chainkg.graph.statements). Run cypher/schema.cypher first,
//   copy the tables into Neo4j's import folder, then e.g.
//   cypher-shell -P 'base => "file:///chainkg"' -P 'dataset => "chainkg"' -f cypher/load_csv.cypher
//   MERGE on id: safe to re-run. For millions of rows prefer neo4j-admin import (see README).
// Parameters: $base — URL of the folder holding nodes_<Label>.csv and rels_<TYPE>.csv; $dataset — value of the dataset property (chainkg)
//   FalkorDB runs it too: start it with IMPORT_FOLDER <folder> and pass base => "file://".
// Returns: nothing
// Runs on: Neo4j, FalkorDB

LOAD CSV WITH HEADERS FROM $base + '/nodes_Document.csv' AS row
MERGE (n:Document {id: row.id})
SET n.name = row.name, n.kind = row.kind, n.number = row.number, n.title = row.title, n.issuer = row.issuer, n.date = row.date, n.basis = row.basis, n.region = row.region, n.addressees = split(row.addressees, '|'), n.path = row.path, n.sha256 = row.sha256, n.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/nodes_District.csv' AS row
MERGE (n:District {id: row.id})
SET n.name = row.name, n.name_en = row.name_en, n.region = row.region, n.type = row.type, n.type_en = row.type_en, n.type_raw = row.type_raw, n.raw = split(row.raw, '|'), n.seq = toInteger(row.seq), n.lat = toFloat(row.lat), n.lon = toFloat(row.lon), n.sources = split(row.sources, '|'), n.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/nodes_Park.csv' AS row
MERGE (n:Park {id: row.id})
SET n.name = row.name, n.name_en = row.name_en, n.full_name = row.full_name, n.zone = row.zone, n.district = row.district, n.raw = split(row.raw, '|'), n.sources = split(row.sources, '|'), n.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/nodes_Direction.csv' AS row
MERGE (n:Direction {id: row.id})
SET n.name = row.name, n.name_en = row.name_en, n.detail = row.detail, n.raw = split(row.raw, '|'), n.umbrella = toBoolean(row.umbrella), n.sources = split(row.sources, '|'), n.map_categories = row.map_categories, n.map_weights = row.map_weights, n.map_score = row.map_score, n.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/nodes_Category.csv' AS row
MERGE (n:Category {id: row.id})
SET n.key = row.key, n.name = row.name, n.name_en = row.name_en, n.position = row.position, n.group = row.group, n.fit = row.fit, n.aliases = split(row.aliases, '|'), n.keywords = split(row.keywords, '|'), n.source = row.source, n.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/nodes_Group.csv' AS row
MERGE (n:Group {id: row.id})
SET n.key = row.key, n.name = row.name, n.name_en = row.name_en, n.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/rels_LISTS.csv' AS row
WITH row WHERE row.start_label = 'Document' AND row.end_label = 'District'
MATCH (a:Document {id: row.start_id})
MATCH (b:District {id: row.end_id})
MERGE (a)-[r:LISTS]->(b)
SET r.row = toInteger(row.row), r.sources = split(row.sources, '|'), r.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/rels_LOCATED_IN.csv' AS row
WITH row WHERE row.start_label = 'Park' AND row.end_label = 'District'
MATCH (a:Park {id: row.start_id})
MATCH (b:District {id: row.end_id})
MERGE (a)-[r:LOCATED_IN]->(b)
SET r.sources = split(row.sources, '|'), r.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/rels_TARGETS.csv' AS row
WITH row WHERE row.start_label = 'District' AND row.end_label = 'Direction'
MATCH (a:District {id: row.start_id})
MATCH (b:Direction {id: row.end_id})
MERGE (a)-[r:TARGETS]->(b)
SET r.raw = split(row.raw, '|'), r.detail = row.detail, r.sources = split(row.sources, '|'), r.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/rels_BELONGS_TO.csv' AS row
WITH row WHERE row.start_label = 'Direction' AND row.end_label = 'Category'
MATCH (a:Direction {id: row.start_id})
MATCH (b:Category {id: row.end_id})
MERGE (a)-[r:BELONGS_TO]->(b)
SET r.weight = toFloat(row.weight), r.source = row.source, r.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/rels_SUPPLIES.csv' AS row
WITH row WHERE row.start_label = 'Category' AND row.end_label = 'Category'
MATCH (a:Category {id: row.start_id})
MATCH (b:Category {id: row.end_id})
MERGE (a)-[r:SUPPLIES]->(b)
SET r.source = row.source, r.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/rels_PART_OF.csv' AS row
WITH row WHERE row.start_label = 'Category' AND row.end_label = 'Group'
MATCH (a:Category {id: row.start_id})
MATCH (b:Group {id: row.end_id})
MERGE (a)-[r:PART_OF]->(b)
SET r.source = row.source, r.dataset = $dataset;

LOAD CSV WITH HEADERS FROM $base + '/rels_PART_OF.csv' AS row
WITH row WHERE row.start_label = 'Group' AND row.end_label = 'Group'
MATCH (a:Group {id: row.start_id})
MATCH (b:Group {id: row.end_id})
MERGE (a)-[r:PART_OF]->(b)
SET r.source = row.source, r.dataset = $dataset;
