-- Issue 13: every account has one private registry per served region. Repositories, registry
-- policies and pull-time exclusions gain the region; the rows of a single-region deployment move
-- to its configured region (the home_region placeholder) in place.
ALTER TABLE repositories ADD COLUMN region VARCHAR COLLATE "C" NOT NULL DEFAULT '${home_region}';
ALTER TABLE repositories ALTER COLUMN region DROP DEFAULT;
ALTER TABLE repositories DROP CONSTRAINT repositories_account_id_name_key;
ALTER TABLE repositories ADD CONSTRAINT repositories_account_region_name_key
  UNIQUE (account_id, region, name);

ALTER TABLE registry_policies ADD COLUMN region VARCHAR COLLATE "C" NOT NULL DEFAULT '${home_region}';
ALTER TABLE registry_policies ALTER COLUMN region DROP DEFAULT;
ALTER TABLE registry_policies DROP CONSTRAINT registry_policies_pkey;
ALTER TABLE registry_policies ADD PRIMARY KEY (account_id, region);

ALTER TABLE pull_time_exclusions ADD COLUMN region VARCHAR COLLATE "C" NOT NULL DEFAULT '${home_region}';
ALTER TABLE pull_time_exclusions ALTER COLUMN region DROP DEFAULT;
ALTER TABLE pull_time_exclusions DROP CONSTRAINT pull_time_exclusions_pkey;
ALTER TABLE pull_time_exclusions ADD PRIMARY KEY (account_id, region, principal_arn);

-- An event of a repository or a registry names its region; '' for the account as a whole.
ALTER TABLE events ADD COLUMN region VARCHAR COLLATE "C" NOT NULL DEFAULT '';
