import { spanNameOf, summarizeQuery } from '../../src/instrumentations/postgres-js/query-summary';

describe('postgres.js span names follow the database conventions: `{operation} {table}`', () => {
  test.each([
    ['select * from users where id = $1', 'SELECT users'],
    ['SELECT id FROM public.orders o JOIN users u ON u.id = o.user_id', 'SELECT public.orders'],
    ['select * from "Order Items"', 'SELECT Order Items'],
    ['\n    insert into orders (id) values ($1)', 'INSERT orders'],
    ['update only accounts set balance = $1', 'UPDATE accounts'],
    ['delete from sessions where expires < now()', 'DELETE sessions'],
    ['-- who is there\n/* audit */ select 1', 'SELECT'],
    ['select now()', 'SELECT'],
    ['begin isolation level serializable', 'BEGIN'],
    ['with x as (select 1) select * from x', 'WITH'],
    ['select * from (select 1) as t', 'SELECT'],
    ['   ', 'shop'],
    ['', 'shop'],
    [null, 'shop'],
    ['(select 1)', 'shop'],
  ])('%j → %j', (text, name) => {
    expect(spanNameOf(summarizeQuery(text), 'shop')).toBe(name);
  });

  test('only the head of a long query is read', () => {
    const text = `select ${'x, '.repeat(1000)} y from far_away`;
    expect(summarizeQuery(text)).toEqual({ operation: 'SELECT' });
  });
});
