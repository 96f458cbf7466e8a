package dev.berth.meta;

import dev.berth.model.AccountId;
import dev.berth.model.Page;
import java.util.List;
import java.util.Optional;

/** IAM users, groups, roles and group membership. Names match case-insensitively. */
public interface IamStore {
  /** Inserts; false when an entity of that type and name exists. */
  boolean create(IamEntity entity);

  Optional<IamEntity> find(IamEntity.Type type, AccountId account, String name);

  /** Entities of a type whose path starts with {@code pathPrefix}, by name, after {@code after}. */
  Page<IamEntity> list(
      IamEntity.Type type, AccountId account, String pathPrefix, Optional<String> after, int limit);

  /** Deletes the entity; false when absent. */
  boolean delete(IamEntity.Type type, AccountId account, String name);

  void updateTrustPolicy(AccountId account, String roleName, String document);

  /** Adds a user to a group; idempotent. */
  void addMember(AccountId account, String group, String user);

  boolean removeMember(AccountId account, String group, String user);

  /** Groups of a user, by name. */
  List<IamEntity> groupsOf(AccountId account, String user);

  /** Users of a group, by name. */
  List<IamEntity> membersOf(AccountId account, String group);
}
