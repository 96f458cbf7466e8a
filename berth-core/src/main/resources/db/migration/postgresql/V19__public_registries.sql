-- ECR Public: each account's public registry (its repositories live in repositories with the
-- pseudo-region 'public'). alias is unique across the deployment; alias_is_default says whether
-- it is still the one chosen at creation. Times are epoch milliseconds.
CREATE TABLE public_registries (
  account_id        VARCHAR COLLATE "C"  NOT NULL PRIMARY KEY REFERENCES accounts (id),
  alias             VARCHAR COLLATE "C"  NOT NULL UNIQUE,
  alias_is_default  INTEGER      NOT NULL,
  display_name      VARCHAR COLLATE "C" NOT NULL,
  created_at        BIGINT       NOT NULL
);

-- The catalog data of a public repository, as PutRepositoryCatalogData set it: Markdown texts
-- as given, architectures and operating systems joined by newlines, the logo's bytes and media
-- type. pulls counts the manifest pulls served (for the gallery).
CREATE TABLE public_repository_catalog (
  repository_id      VARCHAR COLLATE "C"  NOT NULL PRIMARY KEY REFERENCES repositories (id) ON DELETE CASCADE,
  description        VARCHAR COLLATE "C",
  about_text         TEXT COLLATE "C",
  usage_text         TEXT COLLATE "C",
  architectures      TEXT COLLATE "C"         NOT NULL,
  operating_systems  TEXT COLLATE "C"         NOT NULL,
  logo               BYTEA,
  logo_type          VARCHAR COLLATE "C",
  pulls              BIGINT       NOT NULL,
  updated_at         BIGINT       NOT NULL
);
