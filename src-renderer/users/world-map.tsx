/**
 * A world map of sign-in locations, drawn as SVG from the bundled
 * Natural Earth outlines (world-atlas): no tiles, nothing fetched.
 */
import { useMemo } from 'react';
import { geoContains, geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-110m.json' with { type: 'json' };
import type { SignInPoint } from '../../src-shared/contract.js';
import { countryName } from '../country-names.js';

const WIDTH = 720;
const HEIGHT = 360;

type Country = Feature<Geometry, { name: string }>;

let countries: Country[] | null = null;

function loadCountries(): Country[] {
  const topo = atlas as unknown as Topology;
  const fc = feature(topo, topo.objects.countries) as FeatureCollection<
    Geometry,
    { name: string }
  >;
  return (countries ??= fc.features);
}

/** The map with one circle per sign-in location. */
export function WorldMap({ points }: { points: SignInPoint[] }) {
  const shapes = useMemo(() => drawMap(points), [points]);
  const max = Math.max(1, ...points.map((p) => p.count));
  return (
    <svg className="world-map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img" aria-label="map of sign-in locations" data-testid="world-map">
      <path d={shapes.sphere} className="sphere" />
      {shapes.countries.map((c) => (
        <path key={c.key} d={c.d} className={c.hit ? 'land hit' : 'land'}>
          <title>{c.name}</title>
        </path>
      ))}
      {shapes.points.map((pt) => (
        <circle key={pt.key} cx={pt.x} cy={pt.y}
          r={3 + 6 * Math.sqrt(pt.p.count / max)}
          className={pt.p.failures > 0 ? 'pin failed' : 'pin'}>
          <title>{describe(pt.p)}</title>
        </circle>
      ))}
    </svg>
  );
}

function describe(p: SignInPoint): string {
  const place = [p.city, countryName(p.country)].filter(Boolean).join(', ');
  return `${place}: ${p.count} sign-ins, ${p.failures} failed`;
}

function drawMap(points: SignInPoint[]) {
  const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], {
    type: 'Sphere',
  });
  const path = geoPath(projection);
  const all = loadCountries();
  const hits = new Set<Country>();
  for (const p of points) {
    const c = all.find((f) => geoContains(f, [p.lon, p.lat]));
    if (c) hits.add(c);
  }
  return {
    sphere: path({ type: 'Sphere' }) ?? '',
    countries: all.map((f, i) => ({
      key: `${f.id ?? i}`,
      d: path(f) ?? '',
      name: f.properties.name,
      hit: hits.has(f),
    })),
    points: points.flatMap((p, i) => {
      const xy = projection([p.lon, p.lat]);
      return xy ? [{ key: i, x: xy[0], y: xy[1], p }] : [];
    }),
  };
}
