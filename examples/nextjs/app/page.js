import Link from 'next/link';

export default function Home() {
  return (
    <main>
      <h1>otelkit shop</h1>
      <Link href="/orders/42">Order 42</Link>
    </main>
  );
}
