/**
 * The image tag a wave's pipelines watch. Wave 1 watches the tag developers push (a push releases to
 * wave 1 only); a later wave watches `<tag>-wave<N>`, which `xacct promote` puts on a digest once the
 * wave before it runs that digest and is healthy. A single-target deployment is wave 1, so its
 * templates are unchanged. ECR tags: "up to 128 characters … letters, numbers, hyphens, underscores,
 * and periods" (ECR API reference, ImageIdentifier/imageTag).
 */
export const waveTag = (imageTag: string, wave: number): string => (wave <= 1 ? imageTag : `${imageTag}-wave${wave}`);
