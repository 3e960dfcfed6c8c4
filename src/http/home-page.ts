/** The small page at `/` until the portal replaces it: the product, its version, links to the docs. */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page's HTML, in Korean and English. */
export function homePage(version: string): string {
  const v = escapeHtml(version);
  return `<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI Highway ${v}</title>
<style>body{font-family:system-ui,"Noto Sans KR",sans-serif;max-width:42rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1b1f24}
h1{margin-bottom:0}.v{color:#57606a}a{color:#0a58ca}</style></head>
<body>
<h1>AI Highway <span class="v">${v}</span></h1>
<p lang="ko">국가 AI 컴퓨팅·데이터 플랫폼의 오픈소스 제어 평면입니다. 프로그램과 배분, 할당량과 공정 분배, 전국 GPU 스케줄링, 사용량과 원화 정산을 한곳에서 다룹니다.</p>
<p lang="en">The open-source control plane of the national AI compute and data platform: programs and awards, quotas and fair share, fleet-wide scheduling, metering and accounting in won.</p>
<ul>
<li><a href="/docs">API 문서 / API documentation</a></li>
<li><a href="/api/v1/openapi.json">OpenAPI (JSON)</a></li>
<li><a href="/healthz">상태 / Health</a></li>
</ul>
</body></html>`;
}
