-- A collection is checked against its group's memberships on the day (the household was a
-- member) and its group's point: the province reads a group's memberships by group.
CREATE INDEX entities_group_members ON entities(group_id) WHERE entity = 'membership';
