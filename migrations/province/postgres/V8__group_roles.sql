-- A vetting decision is checked against the board of its meeting's group (who may not vote on
-- their own household's application): the province reads a group's board roles by group.
CREATE INDEX entities_group_roles ON entities(group_id) WHERE entity = 'group_role';
